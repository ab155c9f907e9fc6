module github.com/hellowork-jp/hellowork/services/applicant-selection

go 1.26.8

replace github.com/hellowork-jp/hellowork/libs => ../../libs

require github.com/hellowork-jp/hellowork/libs v0.0.0
