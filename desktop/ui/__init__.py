"""The Qt front end: main window, item models, dialogs and the background task runner.

Widgets never touch the ORM: they call service functions through RegistryGateway
(one session per user action) and keep plain rows and ids.
"""
