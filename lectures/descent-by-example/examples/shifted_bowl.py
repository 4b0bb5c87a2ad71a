"""Gradient descent on f(x) = (x + 1)^2 / 2 + 2."""


def f(x):
    return (x + 1) ** 2 / 2 + 2


def df(x):
    return x + 1


x, alpha = 3.0, 0.6  # start, learning rate
for step in range(1, 8):
    x = x - alpha * df(x)
    print(step, f"{x:.4f}", f"{f(x):.4f}")
