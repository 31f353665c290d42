"""Scheduling: due rows, the engine, the dispatcher, the APScheduler clock."""
