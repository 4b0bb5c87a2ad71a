"""Gradient descent on f(x) = (x - 40)^2 / 20 + 5."""


def f(x):
    return (x - 40) ** 2 / 20 + 5


def df(x):
    return (x - 40) / 10


x, alpha = -10.0, 4.0  # start, learning rate
for step in range(1, 7):
    x = x - alpha * df(x)
    print(step, f"{x:.4f}", f"{f(x):.4f}")
