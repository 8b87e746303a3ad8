"""Combines framework and data-access knowledge into concepts: endpoints, access, exposures."""
