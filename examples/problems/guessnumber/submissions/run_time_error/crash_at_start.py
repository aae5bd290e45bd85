"""Fails before its first guess. The validator then reads the end of the program's output
and rejects, but the program exited first: its failure wins (RUNTIME_ERROR)."""
raise SystemExit("no idea how to start")
