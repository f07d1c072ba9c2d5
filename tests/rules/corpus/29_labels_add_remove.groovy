def labels = issue.labels as Set
labels << "synced"
labels << "synced"
labels.remove("internal")
replica.labels = labels as List
