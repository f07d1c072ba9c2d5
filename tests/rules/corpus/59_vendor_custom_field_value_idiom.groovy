// Scripts pasted from the vendor's docs address custom fields through `.value`.
issue.customFields."Story Points".value = replica.customFields."Story Points"?.value
issue.customFields."Team".value = replica.customFields."Team"?.value ?: "Unassigned"
issue.customFields."Sync count".value += 1
if (replica.customFields."Due"?.value) {
    issue.customFields."Due".value = replica.customFields."Due".value
}
