"""The app's widgets: each one a piece of a screen, never importing a screen."""
