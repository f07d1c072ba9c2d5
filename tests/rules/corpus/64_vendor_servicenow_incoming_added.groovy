if(firstSync){
    entity.tableName = "incident"
}
if(entity.tableName == "incident") {
    entity.short_description = replica.summary
    entity.description = replica.description
    entity.attachments += replica.addedAttachments
    entity.comments += replica.addedComments
}
