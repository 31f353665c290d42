"""Domain services: what handlers and delivery kinds call."""
