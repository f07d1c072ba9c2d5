def a = 7
def b = 2
replica.customFields = [
    div: a / b,
    intdiv: a.intdiv(b),
    mod: a % b,
    pow: a ** b,
    mixed: 1.5 * 2,
    exact: 0.1 + 0.2 == 0.3,
    round: (2.345).round(2),
    str: "3" * 3,
]
