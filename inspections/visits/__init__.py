"""Inspection visits (调研核查): plan one, print its brief, record it and set its follow-up tasks."""
