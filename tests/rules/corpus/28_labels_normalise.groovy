replica.labels = issue.labels.collect { it.toLowerCase().replaceAll(/\s+/, "-") }.unique().sort()
