package service

import (
	"errors"
	"time"

	"github.com/hellowork-jp/hellowork/libs/config"
)

// Config is the employer-registration process configuration.
type Config struct {
	config.Common
	// CodeHashKey is the base64 of at least 32 random bytes: the key of the HMAC under
	// which account creation codes are stored (OPEN-3). Changing it voids issued codes.
	CodeHashKey string `env:"CREATION_CODE_HASH_KEY"`

	// Image decoding bounds (IMG-1, H2); zero values take the defaults of app and
	// domain/image. Peak decode memory is about IMAGE_DECODE_CONCURRENCY ×
	// IMAGE_MAX_DECODED_BYTES: keep it well under the container's memory limit.
	// ImageMaxDecodedBytes is the most one image may take decoded (pixels × bytes per
	// decoded pixel), judged from its header before any pixel is decoded.
	ImageMaxDecodedBytes int64 `env:"IMAGE_MAX_DECODED_BYTES" envDefault:"67108864"`
	// ImageDecodeConcurrency caps the decodes running at once in one process.
	ImageDecodeConcurrency int `env:"IMAGE_DECODE_CONCURRENCY" envDefault:"2"`
	// ImageDecodeWait is the longest an upload waits for a decoding slot.
	ImageDecodeWait time.Duration `env:"IMAGE_DECODE_WAIT" envDefault:"10s"`
	// ImageUploadsPerWindow image uploads per account in each ImageUploadWindow.
	ImageUploadsPerWindow int `env:"IMAGE_UPLOADS_PER_WINDOW" envDefault:"30"`
	// ImageUploadWindow is the fixed window of the upload rate limit.
	ImageUploadWindow time.Duration `env:"IMAGE_UPLOAD_WINDOW" envDefault:"1h"`
}

// Validate checks the service settings.
func (c *Config) Validate() error {
	if _, err := c.hashKey(); err != nil {
		return err
	}
	if c.ImageMaxDecodedBytes < 0 || c.ImageDecodeConcurrency < 0 || c.ImageDecodeWait < 0 ||
		c.ImageUploadsPerWindow < 0 || c.ImageUploadWindow < 0 {
		return errors.New("IMAGE_* limits must not be negative")
	}
	return nil
}

func (c *Config) hashKey() ([]byte, error) {
	return config.DecodeKey("CREATION_CODE_HASH_KEY", c.CodeHashKey, 32)
}
