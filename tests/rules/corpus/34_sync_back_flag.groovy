issue.summary = replica.summary
if (firstSync) {
    syncHelper.syncBackAfterProcessing()
}
