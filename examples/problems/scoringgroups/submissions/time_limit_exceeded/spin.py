"""Never answers: every group stops at its first test with TIME_LIMIT_EXCEEDED."""
input()
while True:
    pass
