def points = replica.customFields."Story Points"
issue.customFields."Estimate" = points != null ? (points as Integer) * 2 : 0
issue.customFields."Customer" = replica.customFields."Customer" ?: "unknown"
issue.customFields."Ratio" = (points as Integer) / 2
