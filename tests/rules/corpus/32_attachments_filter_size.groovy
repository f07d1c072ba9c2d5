replica.attachments = issue.attachments.findAll { it.filesize < 1000000 && !it.filename.endsWith(".exe") }
