def x = [a: [1, 2]]
def y = [a: [1, 2]]
replica.customFields = [
    maps: x == y,
    lists: [1, "a"] == [1, "a"],
    strings: "ab" == "a" + "b",
    gstring: "k-${1}" == "k-1",
    numbers: 1 == 1.0,
    nulls: null == null,
    different: [1] != [2],
]
