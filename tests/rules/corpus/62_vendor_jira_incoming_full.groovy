if(firstSync){
   issue.projectKey   = "TEST"
   // Set type name from source issue, if not found set a default
   issue.typeName     = nodeHelper.getIssueType(replica.type?.name, issue.projectKey)?.name ?: "Task"
}
issue.summary      = replica.summary
issue.description  = replica.description
issue.attachments  = attachmentHelper.mergeAttachments(issue, replica)
issue.labels       = replica.labels

def statusMapping = ["Open":"To Do", "In Progress":"In Progress", "Resolved":"Done"]
def remoteStatusName = replica.status.name
issue.setStatus(statusMapping[remoteStatusName] ?: remoteStatusName)

/*
User Synchronization (Assignee/Reporter)
*/
def defaultUser = nodeHelper.getUserByEmail("default@example.com")
issue.reporter = nodeHelper.getUserByEmail(replica.reporter?.email) ?: defaultUser
issue.assignee = nodeHelper.getUserByEmail(replica.assignee?.email) ?: defaultUser

// Comment sync with impersonation
issue.comments = commentHelper.mergeComments(issue, replica, {
   comment ->
   comment.executor = nodeHelper.getUserByEmail(comment.author?.email)
})
