package service

import (
	"github.com/hellowork-jp/hellowork/libs/config"
)

// Config is the employer-registration process configuration.
type Config struct {
	config.Common
	// CodeHashKey is the base64 of at least 32 random bytes: the key of the HMAC under
	// which account creation codes are stored (OPEN-3). Changing it voids issued codes.
	CodeHashKey string `env:"CREATION_CODE_HASH_KEY"`
}

// Validate checks the service settings.
func (c *Config) Validate() error {
	if _, err := c.hashKey(); err != nil {
		return err
	}
	return nil
}

func (c *Config) hashKey() ([]byte, error) {
	return config.DecodeKey("CREATION_CODE_HASH_KEY", c.CodeHashKey, 32)
}
