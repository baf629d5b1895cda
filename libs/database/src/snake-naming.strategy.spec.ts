import { SnakeNamingStrategy } from './snake-naming.strategy';

describe('SnakeNamingStrategy', () => {
  const strategy = new SnakeNamingStrategy();

  it('should name tables after the entity without the Entity suffix, unless named explicitly', () => {
    expect(strategy.tableName('RefreshTokenEntity', undefined)).toBe('refresh_token');
    expect(strategy.tableName('UserEntity', 'users')).toBe('users');
  });

  it('should snake_case columns and join columns', () => {
    expect(strategy.columnName('displayName', undefined, [])).toBe('display_name');
    expect(strategy.columnName('lat', undefined, ['location'])).toBe('location_lat');
    expect(strategy.joinColumnName('user', 'id')).toBe('user_id');
  });
});
