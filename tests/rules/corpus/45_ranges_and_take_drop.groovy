def xs = (1..10).toList()
replica.labels = xs.findAll { it % 3 == 0 }.collect { "m$it" } + (1..<3).collect { "r$it" }
replica.summary = xs.take(2).toString() + xs.drop(8).toString() + xs.first() + xs.last()
replica.description = ('a'..'e').join("")
