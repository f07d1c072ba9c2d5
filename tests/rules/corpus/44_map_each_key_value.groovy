def fields = [summary: issue.summary, key: issue.key]
def out = []
fields.each { k, v -> out << "$k=$v" }
fields.each { entry -> out << entry.key.toUpperCase() }
for (e in fields) { out << e.value.size() }
replica.description = out.join(",")
