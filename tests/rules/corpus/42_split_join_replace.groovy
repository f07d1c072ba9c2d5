def words = issue.summary.split(" ")
replica.summary = words.reverse().join(" ")
replica.description = issue.description.replace("foo", "bar").tokenize(",").collect { it.trim() }.join(";")
replica.labels = "a, b ,c".split(",")*.trim()
