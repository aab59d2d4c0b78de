"""Errors a user's own input can cause, carrying one Vietnamese sentence each.

The GUI shows the sentence in a message box; the CLI prints it on stderr and exits
with code 2. Anything else that goes wrong is a bug and is logged with its traceback.
"""


class UserError(Exception):
    """A request the program refuses because of what the user asked or supplied."""


class InvalidValue(UserError, ValueError):
    """A value a person typed or a file held is not acceptable."""
