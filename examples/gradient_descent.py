"""Gradient descent on f(x) = (x - 3)^2 + 1."""


def f(x):
    return (x - 3) ** 2 + 1


def df(x):
    return 2 * (x - 3)


x, alpha = 0.0, 0.25  # start, learning rate
for step in range(1, 7):
    x = x - alpha * df(x)
    print(step, f"{x:.4f}", f"{f(x):.4f}")
