import { test } from '@japa/runner'
import { withoutAddresses } from '#queue/worker'

test.group('Log lines of failed jobs', () => {
  test('an SMTP rejection keeps its reason but loses the recipient address', ({ assert }) => {
    const message =
      "Can't send mail - all recipients were rejected: 550 5.1.1 <Ji-woo.Yoon+scan@mail.example.co.kr>: Recipient address rejected"
    const logged = withoutAddresses(message)
    assert.notInclude(logged, 'Ji-woo.Yoon')
    assert.notInclude(logged, 'mail.example.co.kr')
    assert.include(logged, '550 5.1.1 <[address]>: Recipient address rejected')
    assert.equal(withoutAddresses('451 Try again later'), '451 Try again later')
  })
})
