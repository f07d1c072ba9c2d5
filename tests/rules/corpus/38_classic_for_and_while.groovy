def parts = []
for (int i = 0; i < 3; i++) {
    parts.add("p" + i)
}
def n = 10
def steps = 0
while (n != 1) {
    n = n % 2 == 0 ? n.intdiv(2) : 3 * n + 1
    steps++
}
replica.summary = parts.join("-") + " / " + steps
