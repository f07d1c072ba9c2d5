"""Textual-free domain: platform capabilities, API models, invitation codes, validation."""
