if(firstSync){
   // Set type name from source entity, if not found set a default
   workItem.projectKey  =  "Fabrikam Fiber"
   workItem.typeName = nodeHelper.getIssueType(replica.type?.name)?.name ?: "Task";
}

workItem.summary      = replica.summary
workItem.description  = replica.description
workItem.attachments  = attachmentHelper.mergeAttachments(workItem, replica)
workItem.comments     = commentHelper.mergeComments(workItem, replica)
workItem.labels       = replica.labels
workItem.priority     = replica.priority

// area path and a custom field by its reference name
workItem.areaPath = replica.customFields."Area"?.value ?: "Fabrikam Fiber\\Team A"
workItem."Microsoft.VSTS.Scheduling.StoryPoints" = replica.customFields."Story Points"?.value
