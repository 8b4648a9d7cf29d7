"""Checks of the built site that are not part of the build: reading level, links, search ranking, citation coverage."""
