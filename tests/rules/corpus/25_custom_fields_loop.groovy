def wanted = ["Story Points", "Customer", "Missing"]
for (name in wanted) {
    if (issue.customFields.containsKey(name)) {
        replica.customFields[name] = issue.customFields[name]
    }
}
replica.summary = replica.customFields.keySet().join("|")
