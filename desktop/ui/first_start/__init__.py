"""Thiết lập ban đầu: the first start's wizard (unit, station, reports, account, start)."""
