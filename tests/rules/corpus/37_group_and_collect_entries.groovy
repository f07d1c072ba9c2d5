def byAuthor = issue.comments.groupBy { it.author?.email }
replica.customFields."Comment counts" = byAuthor.collectEntries { email, cs -> [(email): cs.size()] }
replica.customFields."Authors" = byAuthor.keySet().sort().join(", ")
