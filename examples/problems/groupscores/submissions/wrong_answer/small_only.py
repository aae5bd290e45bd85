# Right only up to 100: the small group's 10 points.
n = int(input())
print(2 * n if n <= 100 else 0)
