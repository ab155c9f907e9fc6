module github.com/hellowork-jp/hellowork/services/job-posting

go 1.26.8

replace github.com/hellowork-jp/hellowork/libs => ../../libs

require github.com/hellowork-jp/hellowork/libs v0.0.0

require (
	google.golang.org/genproto/googleapis/rpc v0.0.0-20261104224025-d1e00e9f33ab // indirect
	google.golang.org/protobuf v1.36.12 // indirect
)
