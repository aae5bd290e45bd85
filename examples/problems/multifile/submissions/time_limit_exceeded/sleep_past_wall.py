# Sleeps 4 s, past the wall-clock limit T + max(1 s, 10% T) = 3 s, using almost no CPU: stopped
# and judged TIME_LIMIT_EXCEEDED, not on the answer it would print (docs/problems.md §12.2).
import time

a, b = map(int, input().split())
time.sleep(4)
print(a + b)
