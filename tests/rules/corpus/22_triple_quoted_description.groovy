replica.description = """Synced from ${issue.key}
Priority: ${issue.priority?.name}
Labels: ${issue.labels.join(", ")}"""
