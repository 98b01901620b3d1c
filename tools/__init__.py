"""Maintenance scripts for the course; importable so the tests can use them."""
