def a = [1, 2, 3, 2]
def b = a - [2] + [4, 5]
def nested = [[1, 2], [3, [4]]].flatten()
replica.customFields = [b: b, nested: nested, any: a.any { it > 2 }, every: a.every { it > 0 },
                        idx: a.indexOf(3), count: a.count(2), sorted: a.sort(false) { -it }, a: a]
