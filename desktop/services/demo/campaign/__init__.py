"""The demo ward's current campaign: teams, targets, and the nights already behind it.

create_demo_campaign(session, ward, groups, seed, today) → CampaignSummary.
"""

from __future__ import annotations

from desktop.services.demo.campaign.generator import create_demo_campaign
from desktop.services.demo.campaign.period import campaign_start
from desktop.services.demo.campaign.summary import CampaignSummary

__all__ = ["CampaignSummary", "campaign_start", "create_demo_campaign"]
