// Vendor scripts treat labels as objects with a `label`; plain strings answer it too.
issue.labels = replica.labels.collect { nodeHelper.getLabel(it.label.replace(" ", "_")) }
issue.labels += nodeHelper.getLabel("from-partner")
