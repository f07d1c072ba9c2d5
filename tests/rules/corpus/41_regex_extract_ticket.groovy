def m = issue.summary =~ /[A-Z]+-\d+/
def ref = issue.summary.find(/[A-Z]+-\d+/)
replica.summary = issue.summary.replaceAll(/\s*\(see [A-Z]+-\d+\)/, "")
replica.customFields."Reference" = ref
replica.customFields."Has reference" = m as Boolean
replica.customFields."Exact" = issue.key ==~ /DEMO-\d+/
