module example.com/advisor-e2e-go

go 1.22
