def emails = issue.comments*.author*.email
replica.summary = emails.unique().join(",")
replica.description = ("ada@example.com" in emails) ? "ada commented" : "no"
replica.labels = issue.labels.findAll { it !in ["customer"] }
