import { rewriteBmltUrl } from './http-app';

describe('rewriteBmltUrl', () => {
  it('should drop the trailing slash BMLT clients write after the output format, and only there', () => {
    expect(rewriteBmltUrl('/client_interface/json/?switcher=GetFormats')).toBe(
      '/client_interface/json?switcher=GetFormats',
    );
    expect(rewriteBmltUrl('/client_interface/jsonp/')).toBe('/client_interface/jsonp');
    expect(rewriteBmltUrl('/client_interface/json?switcher=GetFormats')).toBe(
      '/client_interface/json?switcher=GetFormats',
    );
    expect(rewriteBmltUrl('/client_interface/json/x/')).toBe('/client_interface/json/x/');
    expect(rewriteBmltUrl('/api/v1/meetings/?a=/')).toBe('/api/v1/meetings/?a=/');
  });
});
