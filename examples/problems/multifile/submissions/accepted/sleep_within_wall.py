# Sleeps 1.5 s, less than the wall-clock limit T + max(1 s, 10% T) = 3 s, using almost no CPU:
# judged on its output (docs/problems.md §12.2).
import time

a, b = map(int, input().split())
time.sleep(1.5)
print(a + b)
