import { type ContentBlock, CustomType } from "./custom-type.js";

/**
 * DSPy's `dspy.Image`: an image given by URL or `data:` URI, sent as an `image_url` block.
 *
 * @example
 * await predict({ photo: new Image("https://example.com/cat.png") });
 */
export class Image extends CustomType {
  constructor(readonly url: string) {
    super();
  }

  format(): ContentBlock[] {
    return [{ type: "image_url", image_url: { url: this.url } }];
  }
}
