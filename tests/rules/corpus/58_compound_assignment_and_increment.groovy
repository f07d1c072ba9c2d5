def count = 0
def text = "a"
issue.comments.each { count += 1; text += it.id }
count++
--count
++count
def m = [n: 1]
m.n += 5
m["n"] *= 2
replica.summary = "$count $text ${m.n}"
