"""Platform adapters: each turns events into core commands and renders core replies."""
