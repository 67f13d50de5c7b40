"""Realistic input generation and timing of the custgrade command on large workbooks."""
