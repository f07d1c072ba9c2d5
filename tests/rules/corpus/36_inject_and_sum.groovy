def estimates = issue.customFields."Estimates" ?: []
replica.customFields."Total" = estimates.inject(0) { acc, e -> acc + e.hours }
replica.customFields."Sum" = estimates*.hours.sum()
replica.customFields."Max" = estimates.collect { it.hours }.max()
