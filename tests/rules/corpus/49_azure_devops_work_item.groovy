replica.key = workItem.key
replica.summary = workItem.summary
replica.areaPath = workItem.areaPath
replica.iterationPath = workItem.iterationPath?.split(/\\/)?.last()
