issue.summary = "added: " + replica.addedComments.collect { it.id }.join(",") + "; removed: " + replica.removedComments*.id.join(",")
